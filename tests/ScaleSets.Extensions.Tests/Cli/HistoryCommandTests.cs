using Microsoft.Extensions.Time.Testing;
using ScaleSets.Cli.Commands;
using ScaleSets.Extensions.Tests.History;
using ScaleSets.History;
using static ScaleSets.Extensions.Tests.History.HistoryEntries;

namespace ScaleSets.Extensions.Tests.Cli;

/// <summary><c>scalesets history</c> against the run history endpoint served on 127.0.0.1 over a real SQLite history.</summary>
[TestFixture]
public sealed class HistoryCommandTests
{
    private DirectoryInfo _directory = null!;
    private RunHistory _history = null!;
    private HistoryHttpServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("scalesets-history-cli-");
        _history = new RunHistory(new SqliteRunHistoryStore(Path.Combine(_directory.FullName, "h.db"), TimeSpan.FromSeconds(1)), new RunHistoryOptions(), new FakeTimeProvider(Start));
        _history.Start();
        foreach (var entry in DecisionAndEffects("web", 10, Start).Concat(DecisionAndEffects("api", 3, Start.AddMinutes(5))))
        {
            _history.Record(entry);
        }

        await _history.StopAsync(CancellationToken.None);
        _server = new HistoryHttpServer(_history, ["web", "api"], () => Start.AddHours(1));
        _client = new HttpClient();
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _server.Dispose();
        _history.Dispose();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task Run_Cause_PrintsTheDecisionThenWhatItCausedOneLineEach()
    {
        var (code, output, error) = await Run(new() { ["cause"] = "web#10" });

        Assert.That(code, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "2026-03-02T08:00:00Z  web  decision               web#10         scale out 2 -> 4: rule 'cpu-high' Percentage CPU = 81 > 70 proposes 4",
            "2026-03-02T08:00:01Z  web  CapacityChanged        cause web#10   CapacityChanged",
            "2026-03-02T08:00:05Z  web  InstanceCreated        cause web#10   web-10-a: InstanceCreated web-10-a",
            "2026-03-02T08:00:06Z  web  InstanceCreated        cause web#10   web-10-b: InstanceCreated web-10-b",
        }));
    }

    [Test]
    public async Task Run_SetAndSinceDuration_OnlyThatSetAfterThatTime()
    {
        var (code, output, _) = await Run(new() { ["set"] = "api", ["since"] = "PT58M", ["kind"] = "decision" });

        Assert.That(code, Is.Zero);
        Assert.That(output.Trim(), Does.StartWith("2026-03-02T08:05:00Z  api  decision               api#3 "));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Run_Json_PrintsTheHostsJson()
    {
        var (code, output, _) = await Run(new() { ["cause"] = "api#3" }, json: true);

        Assert.That(code, Is.Zero);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(document.RootElement.GetProperty("entries").GetArrayLength(), Is.EqualTo(4));
    }

    [TestCase("since", "yesterday", "since: 'yesterday' is not an ISO 8601 timestamp")]
    [TestCase("cause", "web#x", "cause: 'web#x' is not a decision id")]
    [TestCase("set", "payments", "no scale set named 'payments'")]
    public async Task Run_RefusedByTheHost_ExitOneWithTheHostsMessageAndStatus(string name, string value, string expected)
    {
        var (code, output, error) = await Run(new() { [name] = value });

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("scalesets: history: ").And.Contains(expected).And.Contains("(HTTP 4"));
    }

    [Test]
    public async Task Run_NothingListens_ExitOneSayingWhatCouldNotBeReached()
    {
        var port = new Uri(_server.Url).Port;
        _server.Dispose();

        var (code, _, error) = await Run([], url: $"http://127.0.0.1:{port}/ops");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith($"scalesets: history: cannot reach http://127.0.0.1:{port}/ops/api/history"));
    }

    [TestCase("127.0.0.1:5000")]
    [TestCase("ftp://host/x")]
    public async Task Run_UrlNotHttp_ExitOneNamingTheOption(string url)
    {
        var (code, _, error) = await Run([], url: url);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("scalesets: --url: "));
    }

    private async Task<(int Code, string Output, string Error)> Run(Dictionary<string, string?> query, bool json = false, string? url = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HistoryCommand.RunAsync(_client, url ?? _server.Url, query, json, output, error, CancellationToken.None);
        return (code, output.ToString().Replace("\r", "", StringComparison.Ordinal), error.ToString());
    }
}
