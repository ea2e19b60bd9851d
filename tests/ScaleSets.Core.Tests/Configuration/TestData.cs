namespace ScaleSets.Tests.Configuration;

internal static class TestData
{
    public static string PathOf(string file) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Configuration", "TestData", file);
}
