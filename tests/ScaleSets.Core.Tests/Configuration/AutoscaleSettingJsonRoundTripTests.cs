using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AutoscaleSettingJsonRoundTripTests
{
    [Test]
    public void ReadWrite_ArbitrarySetting_RoundTripsExactly()
    {
        Prop.ForAll(Arb.From(ModelGenerators.Setting()), setting =>
        {
            var json = AutoscaleSettingJson.Write(setting);
            var read = AutoscaleSettingJson.Read(json);
            var difference = ModelAssert.Difference(setting, read.Setting, "$");
            return (difference is null && read.Problems.Count == 0 && read.Format == SettingFormat.Native)
                .Label($"difference: {difference}; problems: {string.Join("; ", read.Problems)}\n{json}");
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Write_ArbitrarySetting_IsStable()
    {
        Prop.ForAll(Arb.From(ModelGenerators.Setting()), setting =>
        {
            var json = AutoscaleSettingJson.Write(setting);
            return json == AutoscaleSettingJson.Write(AutoscaleSettingJson.Read(json).Setting!);
        }).QuickCheckThrowOnFailure();
    }
}
