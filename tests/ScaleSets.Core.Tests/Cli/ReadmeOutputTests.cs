using System.Text.RegularExpressions;

namespace ScaleSets.Tests.Cli;

/// <summary>
/// The command outputs the READMEs show cannot drift from what the commands print: every fenced block right after a
/// <c>&lt;!-- output of: scalesets ARGS [| head -n N] --&gt;</c> comment is compared with the output of the real program
/// run with those arguments (its first N lines), and a difference fails with the lines to paste.
/// </summary>
[TestFixture]
public sealed partial class ReadmeOutputTests
{
    private static readonly string[] Readmes = ["README.md", "src/ScaleSets.Cli/README.md"];

    public static IEnumerable<TestCaseData> Examples()
    {
        var root = RepositoryRoot();
        foreach (var readme in Readmes)
        {
            var text = File.ReadAllText(Path.Combine(root, readme)).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (Match example in Example().Matches(text))
            {
                var arguments = example.Groups["args"].Value.Trim();
                var lines = example.Groups["n"].Success ? int.Parse(example.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
                yield return new TestCaseData(readme, arguments, lines, example.Groups["body"].Value).SetArgDisplayNames(readme, arguments);
            }
        }
    }

    [Test]
    public void Readme_ShowsTheReplayOutput_AsAnExampleThisTestChecks()
    {
        Assert.That(Examples().Select(e => (string)e.Arguments[1]!), Does.Contain("replay"), "the main README's replay example is marked <!-- output of: scalesets replay … -->");
    }

    [TestCaseSource(nameof(Examples))]
    public void Readme_OutputExample_IsWhatTheCommandPrints(string readme, string arguments, int? lines, string shown)
    {
        var (exit, output, error) = CliRunner.Run(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.That(exit, Is.Zero, error);
        var printed = output.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var expected = lines is { } n ? printed.Take(n).ToArray() : printed;
        Assert.That(shown.Split('\n'), Is.EqualTo(expected), $"{readme}: the block after <!-- output of: scalesets {arguments} --> is not what the command prints now; paste:\n{string.Join('\n', expected)}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ScaleSets.Core.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"<!-- output of: scalesets (?<args>[^|>]+?)(?: \| head -n (?<n>\d+))? -->\n```[a-z]*\n(?<body>.*?)\n```\n", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Example();
}
