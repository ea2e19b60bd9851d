using System.Text;

namespace ScaleSets.Tests.Architecture;

/// <summary>
/// The layering rule of the README's Architecture section: no source folder uses a folder that uses it back, directly
/// or through others. A failure names each cycle's folders and, for every use inside it, the files and types that make it.
/// </summary>
[TestFixture]
public sealed class FolderCycleTests
{
    /// <summary>Cycles not broken yet, each as its folders joined by " &lt;-&gt; " in ordinal order; this list only shrinks.</summary>
    private static readonly string[] KnownCycles =
    [
        "ScaleSets.Orleans/Grains <-> ScaleSets.Orleans/Metrics <-> ScaleSets.Orleans/Storage",
    ];

    [Test]
    public void SourceFolders_UseEachOther_InNoCycleButTheKnownOnes()
    {
        var graph = SourceFolderGraph.Read(SourceDirectory());
        var cycles = graph.Cycles();

        Assert.That(cycles.Select(c => string.Join(" <-> ", c)), Is.EquivalentTo(KnownCycles), Describe(graph, cycles));
    }

    [Test]
    public void SourceFolderGraph_KnownUse_IsFound()
    {
        // A use the layering depends on: the engine reads the metric pipeline (Engine -> Metrics). If the reader lost
        // it, an empty graph would pass the test above for the wrong reason.
        var graph = SourceFolderGraph.Read(SourceDirectory());

        Assert.That(graph.Edges["ScaleSets.Core/Engine"].Keys, Does.Contain("ScaleSets.Core/Metrics"));
        Assert.That(graph.Edges["ScaleSets.Core/Engine"]["ScaleSets.Core/Metrics"], Has.Some.StartsWith("ScaleSetAutoscaler.cs: "));
    }

    internal static string Describe(SourceFolderGraph graph, IReadOnlyList<IReadOnlyList<string>> cycles)
    {
        var text = new StringBuilder();
        foreach (var cycle in cycles)
        {
            text.AppendLine("cycle: " + string.Join(" <-> ", cycle));
            foreach (var from in cycle)
            {
                foreach (var (to, evidence) in graph.Edges[from].Where(e => cycle.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.AppendLine("  " + from + " -> " + to + ": " + string.Join(", ", evidence));
                }
            }
        }

        return text.ToString();
    }

    private static string SourceDirectory()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (ScaleSets.Core.sln) above the test directory");
        return Path.Combine(directory!.FullName, "src");
    }
}
