using System.Text.Json.Nodes;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>What <see cref="YamlDocuments"/> carries through one stream: the problems, the anchors, and a node count.</summary>
internal sealed class YamlReadState(List<SettingProblem> problems)
{
    public List<SettingProblem> Problems { get; } = problems;

    public Dictionary<string, JsonNode?> Anchors { get; } = new(StringComparer.Ordinal);

    public int Nodes { get; set; }
}
