namespace ScaleSets.Tests.Traces;

/// <summary>Finds the public traces in <c>../shared/traces</c> relative to the repository root.</summary>
internal static class TraceFiles
{
    public const string Nasa = "nasa-http-1995-per-minute.csv";
    public const string Elb = "nab-elb-request-count-8c0756.csv";
    public const string AsgCpu = "nab-asg-cpu-misconfiguration.csv";

    /// <summary>Returns the path of a trace; fails the test with a clear message when it is missing.</summary>
    public static string PathOf(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            Assert.Fail($"ScaleSets.Core.sln not found above {AppContext.BaseDirectory}; cannot locate ../shared/traces");
        }

        var path = Path.GetFullPath(Path.Combine(directory!.FullName, "..", "shared", "traces", name));
        if (!File.Exists(path))
        {
            Assert.Fail($"trace {name} is missing: expected at {path} (the public traces live in ../shared/traces next to the repository)");
        }

        return path;
    }
}
