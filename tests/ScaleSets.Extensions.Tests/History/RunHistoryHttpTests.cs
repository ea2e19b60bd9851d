using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.History;
using static ScaleSets.Extensions.Tests.History.HistoryEntries;

namespace ScaleSets.Extensions.Tests.History;

[TestFixture]
public sealed class RunHistoryHttpTests
{
    private DirectoryInfo _directory = null!;
    private RunHistory _history = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("scalesets-history-http-");
        _history = new RunHistory(new SqliteRunHistoryStore(Path.Combine(_directory.FullName, "h.db"), TimeSpan.FromSeconds(1)), new RunHistoryOptions(), new FakeTimeProvider(Start));
        _history.Start();
        foreach (var entry in DecisionAndEffects("web", 10, Start).Concat(DecisionAndEffects("web", 11, Start.AddMinutes(5))))
        {
            _history.Record(entry);
        }

        await _history.StopAsync(CancellationToken.None);
    }

    [TearDown]
    public void TearDown()
    {
        _history.Dispose();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task GetAsync_Cause_200WithTheDecisionAndWhatItCaused()
    {
        var result = await Get(("cause", "web#11"));

        Assert.That(result.StatusCode, Is.EqualTo(200), result.Body);
        using var json = JsonDocument.Parse(result.Body);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "RuleScaleOut", "CapacityChanged", "InstanceCreated", "InstanceCreated" }));
            Assert.That(entries[0].GetProperty("id").GetString(), Is.EqualTo("web#11"));
            Assert.That(entries[0].GetProperty("from").GetInt32(), Is.EqualTo(2));
            Assert.That(entries[0].GetProperty("message").GetString(), Does.Contain("rule 'cpu-high'"));
            Assert.That(entries[2].GetProperty("causeId").GetString(), Is.EqualTo("web#11"));
            Assert.That(json.RootElement.GetProperty("status").GetProperty("written").GetInt64(), Is.EqualTo(8));
        });
    }

    [TestCase("since", "last tuesday", "since:")]
    [TestCase("until", "2026-13-01T00:00:00Z", "until:")]
    [TestCase("cause", "web#", "cause:")]
    [TestCase("kind", "explosion", "kind:")]
    [TestCase("set", "web/../etc", "set:")]
    public async Task GetAsync_MalformedParameter_400NamingIt(string name, string value, string prefix)
    {
        var result = await Get((name, value));

        Assert.That(result.StatusCode, Is.EqualTo(400));
        Assert.That(Error(result), Does.StartWith(prefix).And.Contains(value));
    }

    [Test]
    public async Task GetAsync_UnknownScaleSet_404NamingTheRunningOnes()
    {
        var result = await Get(("set", "payments"));

        Assert.That(result.StatusCode, Is.EqualTo(404));
        Assert.That(Error(result), Does.Contain("'payments'").And.Contains("running: web"));
    }

    [Test]
    public async Task GetAsync_RunningSetWithoutHistoryYet_200Empty()
    {
        var result = await RunHistoryHttp.GetAsync(_history, ["web", "api"], n => n == "set" ? "api" : null, Start, default);

        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(result.Body, Does.StartWith("{\"entries\":[]"));
    }

    [Test]
    public async Task GetAsync_DatabaseGone_503SayingWhichAndWhy()
    {
        var path = Path.Combine(_directory.FullName, "h.db");
        foreach (var file in Directory.GetFiles(_directory.FullName))
        {
            File.Delete(file);
        }

        var result = await Get(("set", "web"));

        Assert.That(result.StatusCode, Is.EqualTo(503));
        Assert.That(Error(result), Does.Contain(path).And.Contains("unable to open database file"));
    }

    private static string Error(RunHistoryHttpResult result)
    {
        using var json = JsonDocument.Parse(result.Body);
        return json.RootElement.GetProperty("error").GetString()!;
    }

    private Task<RunHistoryHttpResult> Get(params (string Name, string Value)[] parameters) =>
        RunHistoryHttp.GetAsync(_history, ["web"], name => parameters.FirstOrDefault(p => p.Name == name).Value, Start.AddHours(1), default);
}
