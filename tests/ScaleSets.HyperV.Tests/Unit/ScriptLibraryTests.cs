using ScaleSets.HyperV.Scripting;

namespace ScaleSets.HyperV.Tests.Unit;

[TestFixture]
public sealed class ScriptLibraryTests
{
    private static readonly string[] Scripts = [ScriptLibrary.Get, ScriptLibrary.New, ScriptLibrary.Remove, ScriptLibrary.Power, ScriptLibrary.Reset, ScriptLibrary.Metrics];

    [TestCaseSource(nameof(Scripts))]
    public void ReadText_EveryScript_CarriesTheSharedPreambleOnceAndIsStandalone(string name)
    {
        var text = ScriptLibrary.ReadText(name);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("\n#include "), "the include line is replaced");
            Assert.That(text.Split("function Write-ScaleSetJson").Length - 1, Is.EqualTo(1));
            Assert.That(text.IndexOf("param(", StringComparison.Ordinal), Is.LessThan(text.IndexOf("$ErrorActionPreference = 'Stop'", StringComparison.Ordinal)), "param() stays first");
            Assert.That(text, Does.Contain("\ntry {"), "the script's own body follows the preamble");
        });
    }
}
