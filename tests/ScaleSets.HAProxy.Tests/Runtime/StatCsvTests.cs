using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Runtime;

[TestFixture]
public sealed class StatCsvTests
{
    [Test]
    public void ParseServers_ColumnsInAnyOrder_ReadByHeaderName()
    {
        const string text = "# status,addr,svname,type,uweight,pxname,scur,weight,\n"
            + "DOWN 1/2,10.0.0.5:80,ss-b,2,100,web,3,1,\n"
            + "UP,,BACKEND,1,,web,3,1,\n"
            + "MAINT (via web/x),10.0.0.6:80,ss-c,2,50,web,0,0,\n\n";

        var servers = StatCsv.ParseServers(text);

        Assert.That(servers.Select(s => s.Name), Is.EqualTo(new[] { "ss-b", "ss-c" }));
        Assert.That(servers[0], Is.EqualTo(new ServerStat("web", "ss-b", "DOWN 1/2", ServerAdminState.Ready, false, true, 3, "10.0.0.5:80", 100)));
        Assert.That(servers[1].Admin, Is.EqualTo(ServerAdminState.Maint));
        Assert.That(servers[1].Weight, Is.EqualTo(50));
    }

    [Test]
    public void ParseServers_NoTypeColumn_SkipsFrontendAndBackendRows()
    {
        var servers = StatCsv.ParseServers("# pxname,svname,scur,status,weight,\nweb,FRONTEND,0,OPEN,,\nweb,s1,0,UP,1,\nweb,BACKEND,0,UP,1,\n");

        Assert.That(servers.Select(s => s.Name), Is.EqualTo(new[] { "s1" }));
    }

    [TestCase("UP", "Ready", true, false)]
    [TestCase("UP 1/3", "Ready", true, true)]
    [TestCase("DOWN", "Ready", false, false)]
    [TestCase("DOWN 1/2", "Ready", false, true)]
    [TestCase("NOLB", "Ready", true, false)]
    [TestCase("NOLB 1/2", "Ready", true, true)]
    [TestCase("no check", "Ready", true, false)]
    [TestCase("MAINT", "Maint", false, false)]
    [TestCase("MAINT (resolution)", "Maint", false, false)]
    [TestCase("DRAIN", "Drain", true, false)]
    [TestCase("DRAIN (agent)", "Drain", true, false)]
    public void ParseStatus_EveryKnownForm_ReadCorrectly(string status, string admin, bool up, bool transitional) =>
        Assert.That(StatCsv.ParseStatus(status), Is.EqualTo((Enum.Parse<ServerAdminState>(admin), up, transitional)));

    [Test]
    public void ParseServers_MissingRequiredColumn_PermanentErrorNamingIt()
    {
        var ex = Assert.Throws<ProviderOperationException>(() => StatCsv.ParseServers("# pxname,svname,status,weight,\nweb,s1,UP,1,\n"));

        Assert.That(ex!.Message, Does.Contain("'scur'"));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public void ParseServers_UnknownBackend_SaysTheBackendMustExist()
    {
        var ex = Assert.Throws<ProviderOperationException>(() => StatCsv.ParseServers("No such proxy.\n\n"));

        Assert.That(ex!.Message, Does.Contain("backend must exist"));
    }
}
