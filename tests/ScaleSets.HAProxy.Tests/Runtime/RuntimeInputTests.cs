using FsCheck;
using FsCheck.Fluent;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Runtime;

[TestFixture]
public sealed class RuntimeInputTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true);

    [TestCase("vm-0000001")]
    [TestCase("web_1.eu")]
    [TestCase("A")]
    public void TryValidateName_SafeName_Accepted(string name) =>
        Assert.That(RuntimeInput.TryValidateName(name, out _), Is.True);

    [TestCase("vm\nshow info", "a newline")]
    [TestCase("vm;del server web/x", "';'")]
    [TestCase("vm 1", "a space")]
    [TestCase("vm\r", "a carriage return")]
    [TestCase("vm\t1", "U+0009")]
    [TestCase("vm\u0000", "U+0000")]
    [TestCase("vm\\;x", "backslash")]
    [TestCase("web/x", "'/'")]
    [TestCase("vm<<", "'<'")]
    [TestCase("vmé", "U+00E9")]
    public void TryValidateName_UnsafeCharacter_RefusedNamingIt(string name, string described)
    {
        Assert.That(RuntimeInput.TryValidateName(name, out var error), Is.False);
        Assert.That(error, Does.Contain(described));
        Assert.That(error, Does.Not.Contain("\n"), "the message itself must not break a line");
    }

    [Test]
    public void TryValidateName_TooLong_Refused() =>
        Assert.That(RuntimeInput.TryValidateName(new string('a', 101), out _), Is.False);

    [Test]
    public void TryValidateName_AnyString_AcceptedOnlyWhenEveryCharacterIsSafe() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<string>(), s =>
        {
            var accepted = RuntimeInput.TryValidateName(s, out _);
            var safe = !string.IsNullOrEmpty(s) && s.Length <= 100 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
            return accepted == safe;
        }));

    [Test]
    public void TryParseAddress_AnyAcceptedString_HoldsNoCommandBreakingCharacter() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<string>(), s =>
            !RuntimeInput.TryParseAddress(s, 80, out var a, out _)
            || (!s.Any(c => c is ' ' or ';' or '\\' or < ' ') && !a.ToCommandText().Any(c => c is ' ' or ';' or '\\' or < ' '))));

    [TestCase("10.0.0.4", "10.0.0.4:80")]
    [TestCase("10.0.0.4:8080", "10.0.0.4:8080")]
    [TestCase("fd00::4", "[fd00::4]:80")]
    [TestCase("[fd00::4]", "[fd00::4]:80")]
    [TestCase("[fd00::4]:8080", "[fd00::4]:8080")]
    [TestCase("127.0.0.1:65535", "127.0.0.1:65535")]
    public void TryParseAddress_IpLiteral_FormattedForHAProxy(string input, string expected)
    {
        Assert.That(RuntimeInput.TryParseAddress(input, 80, out var address, out var error), Is.True, error);
        Assert.That(address.ToCommandText(), Is.EqualTo(expected));
    }

    [TestCase("web01.internal", "host names")]
    [TestCase("localhost:80", "host names")]
    [TestCase("10.0.0.4\nshow info", "a newline")]
    [TestCase("10.0.0.4;del server web/x", "';'")]
    [TestCase("10.0.0.4 weight 256", "a space")]
    [TestCase("10.0.0.4\u0007", "U+0007")]
    [TestCase("10.0.0.256", "not a valid IPv4")]
    [TestCase("10.0.0", "not a valid IPv4")]
    [TestCase("010.0.0.4", "not a valid IPv4")]
    [TestCase("1", "not a valid IPv4")]
    [TestCase("0.0.0.0", "unspecified")]
    [TestCase("10.0.0.4:0", "not a valid port")]
    [TestCase("10.0.0.4:65536", "not a valid port")]
    [TestCase("10.0.0.4:", "not a valid port")]
    [TestCase("[10.0.0.4]:80", "only IPv6")]
    [TestCase("fd00::zz", "host names")]
    [TestCase("fd00:::4:1:2:3:4:5:6", "not a valid IPv6")]
    [TestCase("", "empty")]
    public void TryParseAddress_InvalidOrUnsafe_RefusedWithReason(string input, string reason)
    {
        Assert.That(RuntimeInput.TryParseAddress(input, 80, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }
}
