using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Runtime;

[TestFixture]
public sealed class ServerStateTableTests
{
    // HAProxy 2.6.12's answer to 'show stat web 4 -1;show servers state web', trimmed: a drained server whose checks fail
    // (DOWN in show stat, admin flags 0x08), one in maintenance (0x01) and one ready.
    private const string Joined = "# pxname,svname,status,\nweb,ss-a,DOWN,\nweb,ss-b,MAINT,\nweb,ss-c,UP,\n\n"
        + "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight\n"
        + "3 web 1 ss-a 127.0.0.1 0 8 1\n3 web 2 ss-b 127.0.0.1 0 1 1\n3 web 3 ss-c 127.0.0.1 2 0 1\n\n";

    [Test]
    public void Find_JoinedAnswer_StartsAtTheVersionLine() =>
        Assert.That(Joined[ServerStateTable.Find(Joined)..], Does.StartWith("1\n# be_id "));

    [Test]
    public void Parse_AdminFlags_MaintenanceDrainOrReady()
    {
        var states = ServerStateTable.Parse(Joined[ServerStateTable.Find(Joined)..]);

        Assert.That(states, Is.EqualTo(new Dictionary<string, ServerAdminState>
        {
            ["ss-a"] = ServerAdminState.Drain,
            ["ss-b"] = ServerAdminState.Maint,
            ["ss-c"] = ServerAdminState.Ready,
        }));
    }

    [TestCase("No such backend.\n")]
    [TestCase("")]
    public void Find_NoServersState_NotFound(string text) => Assert.That(ServerStateTable.Find(text), Is.EqualTo(-1));
}
