namespace ScaleSets.HAProxy.Runtime;

/// <summary>A validated <c>backend/server</c> pair, safe to put on a command line.</summary>
internal readonly record struct ServerRef
{
    private ServerRef(string backend, string server)
    {
        Backend = backend;
        Server = server;
    }

    /// <summary>Gets the backend name.</summary>
    public string Backend { get; }

    /// <summary>Gets the server name.</summary>
    public string Server { get; }

    /// <summary>Validates both names.</summary>
    /// <exception cref="ArgumentException">A name could break the command line or is not a valid HAProxy name.</exception>
    public static ServerRef Create(string backend, string server, string paramName) =>
        new(RuntimeInput.RequireName(backend, "backend name", paramName), RuntimeInput.RequireName(server, "server name", paramName));

    /// <inheritdoc />
    public override string ToString() => Backend + "/" + Server;
}
