namespace ScaleSets.HAProxy.Tests.Fakes;

/// <summary>A server of <see cref="FakeRuntimeApi"/>; added servers start in maintenance, as in HAProxy.</summary>
internal sealed class FakeServer(string name)
{
    public string Name { get; } = name;

    public string Address { get; set; } = string.Empty;

    public bool Maint { get; set; } = true;

    public bool Drain { get; set; }

    public bool Up { get; set; }

    public int Weight { get; set; }

    public int Sessions { get; set; }

    public int ForcedDown { get; set; }

    /// <summary>Gets or sets the server's numeric id (<c>sid</c>); a static server of the configuration has a small one.</summary>
    public int Id { get; set; } = 1;
}
