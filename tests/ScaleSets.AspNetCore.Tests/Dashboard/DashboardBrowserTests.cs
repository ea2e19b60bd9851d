using System.Globalization;
using ScaleSets.Policy;

namespace ScaleSets.AspNetCore.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium, loaded from a Kestrel host on 127.0.0.1 whose scale set runs in virtual time.</summary>
[TestFixture]
[Category("Browser")]
public sealed class DashboardBrowserTests
{
    [Test]
    public async Task Dashboard_AfterAScaleOut_ShowsTheActionItsExplanationRulesAndInstances()
    {
        Chromium.Require();
        await using var host = await DashboardHost.StartAsync();
        await host.RunAsync(60, step => step < 10 ? 100.0 : step < 40 ? 420.0 : 150.0);
        Assert.That(host.Runtime.TryGetStatus("web", out var status), Is.True);
        var scaleOut = status!.Autoscaler.RecentDecisions.First(d => d.Reason == ScaleReason.RuleScaleOut);

        var dom = await Chromium.DumpDomAsync(host.Dashboard);

        var high = status.Autoscaler.Rules.Single(r => r.Name == "cpu-high");
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Contain($"data-scale-set=\"web\""));
            Assert.That(dom, Does.Contain($"<a href=\"#decision-{scaleOut.Id.Replace('#', '-')}\" class=\"action\" data-decision=\"{scaleOut.Id}\">"), "the scale-out is marked on the chart");
            Assert.That(dom, Does.Contain(scaleOut.Explanation.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)), "with its explanation");
            Assert.That(dom, Does.Contain($"id=\"decision-{scaleOut.Id.Replace('#', '-')}\""), "and its row in the decisions table");
            Assert.That(dom, Does.Contain($"data-rule=\"cpu-high\""));
            Assert.That(dom, Does.Contain($"<td class=\"num\" data-observed=\"\">{high.Observed!.Value.ToString("0.##", CultureInfo.InvariantCulture)}</td>"), "the rule's observed value as the status has it");
            Assert.That(dom, Does.Contain($"<div data-stat=\"desired\"><b>{status.DesiredCapacity}</b>"));
            Assert.That(dom, Does.Contain("data-rule-series=\"cpu-high\"").And.Contain("data-rule-series=\"cpu-low\""), "every rule's metric is plotted");
            Assert.That(dom, Does.Contain($"cooldown of the last action until {status.Autoscaler.CooldownUntil!.Value.UtcDateTime:HH:mm:ss}Z (in "), "when the cooldown ends");
            Assert.That(dom, Does.Contain("<span class=\"cond ok\" title=\"").And.Contain("data-condition=\"ScalingLimited\"><b>ScalingLimited</b> False"), "not limited reads as fine");
            Assert.That(dom, Does.Contain("<span class=\"cond wait\"").And.Not.Contain("class=\"cond problem\""), "a cooldown is waiting, not a problem");
            foreach (var instance in status.Controller!.Instances)
            {
                Assert.That(dom, Does.Contain($"data-instance=\"{instance.Id}\""));
            }
        });

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard.png");
        await Chromium.ScreenshotAsync(host.Dashboard, screenshot, 1280, 1500);
        TestContext.AddTestAttachment(screenshot, "the dashboard after a scale-out");
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(20_000), "a rendered page, not a blank one");
    }
}
