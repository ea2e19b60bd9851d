using System.Text;
using System.Text.Json.Nodes;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Tests.Fakes;

/// <summary>A runner that records every call and answers from a handler, decoding the request so tests can see what a script would get.</summary>
internal sealed class FakeRunner(Func<PowerShellScript, JsonObject, CancellationToken, Task<PowerShellResult>> handler) : IPowerShellRunner
{
    public List<(string Script, JsonObject Request, IReadOnlyList<string> Arguments)> Calls { get; } = [];

    public static JsonObject Decode(string argument) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(argument)))!.AsObject();

    public static PowerShellResult Ok(JsonArray items) => new(0, items.ToJsonString() + "\n", string.Empty);

    public static PowerShellResult Error(int exitCode, string message, string id, string category) =>
        new(exitCode, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["id"] = id, ["category"] = category } }.ToJsonString(), string.Empty);

    public static JsonObject Vm(string id, string name, string state = "Running", string heartbeat = "OkApplicationsHealthy", string? ip = "10.0.0.5", string scaleSet = "web", string zone = "1", string version = "v1") =>
        new()
        {
            ["id"] = id,
            ["name"] = name,
            ["state"] = state,
            ["heartbeat"] = heartbeat,
            ["notes"] = new JsonObject { ["scalesets.hyperv"] = 1, ["scaleSet"] = scaleSet, ["name"] = name, ["token"] = "t-" + name, ["zone"] = zone, ["modelVersion"] = version }.ToJsonString(),
            ["creationTime"] = "2026-03-01T00:00:00.0000000Z",
            ["ipAddresses"] = ip is null ? new JsonArray() : new JsonArray(ip, "fe80::1"),
            ["disks"] = new JsonArray(),
        };

    public async Task<PowerShellResult> RunAsync(PowerShellScript script, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var request = Decode(arguments[0]);
        lock (Calls)
        {
            Calls.Add((script.Name, request, arguments));
        }

        return await handler(script, request, cancellationToken);
    }
}
