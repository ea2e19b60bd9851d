using System.Text.Json.Nodes;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>What <see cref="YamlDocuments"/> carries through one stream: the problems, the anchors, and a node count.</summary>
internal sealed class YamlReadState(List<SettingProblem> problems)
{
    public List<SettingProblem> Problems { get; } = problems;

    /// <summary>Gets each anchor's node and how many values it holds (what one alias of it expands to).</summary>
    public Dictionary<string, (JsonNode? Node, int Size)> Anchors { get; } = new(StringComparer.Ordinal);

    public int Nodes { get; set; }
}
