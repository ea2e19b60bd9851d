using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Runtime;

[TestFixture]
public sealed class ProcessIdentityTests
{
    [Test]
    public void Parse_ShowInfo_ReadsPidStartAndUptime() =>
        Assert.That(
            ProcessIdentity.Parse("Name: HAProxy\nPid: 30263\nUptime: 0d 0h01m51s\nUptime_sec: 111\nStart_time_sec: 1795673724\n"),
            Is.EqualTo(new ProcessIdentity(30263, 1795673724, 111)));

    [Test]
    public void Parse_NoPid_PermanentError() =>
        Assert.That(() => ProcessIdentity.Parse("Name: HAProxy\n"), Throws.TypeOf<ProviderOperationException>().With.Message.Contains("Pid"));

    [TestCase(100, 5, 10, true)]
    [TestCase(101, 5, 10, false)]
    [TestCase(100, 6, 10, false)]
    [TestCase(100, 5, 2, false)]
    public void IsSameProcessAs_ChangedPidStartOrUptimeBack_IsANewProcess(int pid, long start, long uptime, bool same) =>
        Assert.That(new ProcessIdentity(pid, start, uptime).IsSameProcessAs(new ProcessIdentity(100, 5, 9)), Is.EqualTo(same));
}
