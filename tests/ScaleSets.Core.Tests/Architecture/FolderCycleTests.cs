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
        Assert.That(graph.Edges["ScaleSets.Core/Engine"]["ScaleSets.Core/Metrics"], Has.Some.StartsWith("ScaleSetAutoscaler.Ingest.cs: "));
    }

    [Test]
    public void ReadmeLayers_EveryFolderUsesOnlyFoldersOfLowerLayers()
    {
        var graph = SourceFolderGraph.Read(SourceDirectory());
        var readme = ReadmeLayers(File.ReadAllText(Path.Combine(SourceDirectory(), "..", "README.md")));
        var problems = new List<string>();
        foreach (var folder in graph.Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!readme.TryGetValue(folder, out var layer))
            {
                problems.Add(folder + " is in no layer of the README");
                continue;
            }

            foreach (var (used, evidence) in graph.Edges[folder].Where(e => SourceFolderGraph.ProjectOf(e.Key) == SourceFolderGraph.ProjectOf(folder)))
            {
                if (!readme.TryGetValue(used, out var usedLayer) || usedLayer >= layer)
                {
                    problems.Add(folder + " uses " + used + ", which the README does not put in a lower layer: " + string.Join(", ", evidence));
                }
            }
        }

        problems.AddRange(readme.Keys.Where(f => !graph.Edges.ContainsKey(f)).Select(f => f + " is in the README but not in src/"));

        Assert.That(problems, Is.Empty, "The layers the sources have, as README rows:\n" + Rows(graph));
    }

    /// <summary>Reads the README's "### Layers" table: <c>| `Project` | `A` &lt; `B`, `C` &lt; `D` |</c>, lowest layer first.</summary>
    private static Dictionary<string, int> ReadmeLayers(string readme)
    {
        var start = readme.IndexOf("\n### Layers", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the README's '### Layers' section");
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in readme[(start + 1)..].Split('\n').Skip(1).TakeWhile(l => !l.StartsWith('#')))
        {
            var cells = line.Split('|');
            if (cells.Length < 4 || !cells[1].Trim().StartsWith("`ScaleSets.", StringComparison.Ordinal))
            {
                continue;
            }

            var project = cells[1].Trim().Trim('`');
            var ordered = cells[2].Split(" < ");
            for (var i = 0; i < ordered.Length; i++)
            {
                foreach (var folder in ordered[i].Split(','))
                {
                    layers[project + "/" + folder.Trim().Trim('`')] = i;
                }
            }
        }

        return layers;
    }

    private static string Rows(SourceFolderGraph graph)
    {
        var text = new StringBuilder();
        foreach (var project in graph.Layers().GroupBy(l => SourceFolderGraph.ProjectOf(l.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var layers = project.GroupBy(l => l.Value).OrderBy(g => g.Key)
                .Select(g => string.Join(", ", g.Select(l => "`" + l.Key[(project.Key.Length + 1)..] + "`").Order(StringComparer.Ordinal)));
            text.AppendLine("| `" + project.Key + "` | " + string.Join(" < ", layers) + " |");
        }

        return text.ToString();
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
