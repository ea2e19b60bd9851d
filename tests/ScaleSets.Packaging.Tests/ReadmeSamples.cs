using System.Text.RegularExpressions;

namespace ScaleSets.Packaging.Tests;

/// <summary>
/// The runnable samples of a README: every fenced block right after a <c>&lt;!-- sample: NAME/FILE --&gt;</c> comment is the
/// file FILE of sample NAME, and the block after <c>&lt;!-- sample-output: NAME --&gt;</c> is what the sample prints.
/// </summary>
internal sealed partial class ReadmeSamples
{
    private readonly Dictionary<string, Dictionary<string, string>> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _outputs = new(StringComparer.Ordinal);

    private ReadmeSamples(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static ReadmeSamples Read(string path)
    {
        var samples = new ReadmeSamples(path);
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (Match block in Block().Matches(text))
        {
            // A file ends with a line break (HAProxy refuses a configuration whose last line has none).
            var (kind, name, body) = (block.Groups["kind"].Value, block.Groups["name"].Value, block.Groups["body"].Value + "\n");
            if (kind == "sample")
            {
                var slash = name.IndexOf('/', StringComparison.Ordinal);
                Assert.That(slash, Is.GreaterThan(0), $"{path}: a sample block is named NAME/FILE, not '{name}'");
                var files = samples._files.TryGetValue(name[..slash], out var existing) ? existing : samples._files[name[..slash]] = new(StringComparer.Ordinal);
                files.Add(name[(slash + 1)..], body);
            }
            else
            {
                samples._outputs.Add(name, body);
            }
        }

        return samples;
    }

    public IReadOnlyDictionary<string, string> FilesOf(string sample)
    {
        Assert.That(_files, Does.ContainKey(sample), $"{Path} has no blocks of sample '{sample}'");
        return _files[sample];
    }

    public string OutputOf(string sample)
    {
        Assert.That(_outputs, Does.ContainKey(sample), $"{Path} has no output block of sample '{sample}'");
        return _outputs[sample];
    }

    [GeneratedRegex(@"<!-- (?<kind>sample|sample-output): (?<name>[^ ]+) -->\n```[a-z]*\n(?<body>.*?)\n```\n", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Block();
}
