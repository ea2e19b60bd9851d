using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AutoscaleSettingLoaderTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "scalesets-loader-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string WriteFile(string json)
    {
        var path = Path.Combine(directory, "setting.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void Load_ValidFile_IsValidWithSetting()
    {
        var path = WriteFile(AutoscaleSettingJson.Write(TestSettings.Valid()));

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.FilePath, Is.EqualTo(path));
        Assert.That(result.ThrowIfInvalid().Profiles, Has.Count.EqualTo(1));
    }

    [Test]
    public void Load_MissingFile_OneClearErrorNoException()
    {
        var path = Path.Combine(directory, "nope.json");

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Setting, Is.Null);
        Assert.That(result.Problems.Single().ToString(), Is.EqualTo($"error: cannot read '{path}': the file does not exist"));
    }

    [Test]
    public void Load_MissingDirectory_OneClearError()
    {
        var path = Path.Combine(directory, "missing", "setting.json");

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.Problems.Single().Message, Is.EqualTo($"cannot read '{path}': its directory does not exist"));
    }

    [Test]
    public void Load_Directory_OneClearError()
    {
        var result = AutoscaleSettingLoader.Load(directory);

        Assert.That(result.Problems.Single().Message, Does.StartWith($"cannot read '{directory}': "));
        Assert.That(result.Setting, Is.Null);
    }

    [Test]
    public void Load_ReadAndValidationProblems_AreCombinedReadingFirst()
    {
        var path = WriteFile("""
            { "name": "s", "colour": "red",
              "profiles": [ { "name": "p", "capacity": { "minimum": 3, "maximum": 2, "default": 2 } } ] }
            """);

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.Problems.Select(p => (p.Severity, p.Path)), Is.EqualTo(new[]
        {
            (SettingProblemSeverity.Warning, "$.colour"),
            (SettingProblemSeverity.Error, "$.profiles[0].capacity.default"),
            (SettingProblemSeverity.Error, "$.profiles[0].capacity.maximum"),
        }));
        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void Load_InstanceLimit_IsPassedToValidation()
    {
        var path = WriteFile(AutoscaleSettingJson.Write(TestSettings.Valid()));

        var result = AutoscaleSettingLoader.Load(path, instanceLimit: 4);

        Assert.That(result.Problems.Single().Message, Is.EqualTo("maximum capacity 10 exceeds the instance limit of 4"));
    }

    [Test]
    public void Load_MalformedFile_NoValidationJustTheSyntaxError()
    {
        var path = WriteFile("{ \"name\": \"s\",\n  \"profiles\": [ }");

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.Problems.Single().Line, Is.EqualTo(2));
        Assert.That(result.Setting, Is.Null);
    }

    [Test]
    public void ThrowIfInvalid_InvalidSetting_ThrowsWithEveryProblem()
    {
        var path = WriteFile("""{ "profiles": [] }""");
        var result = AutoscaleSettingLoader.Load(path);

        var exception = Assert.Throws<AutoscaleSettingException>(() => result.ThrowIfInvalid());

        Assert.That(exception!.Problems, Is.EqualTo(result.Problems));
        Assert.That(exception.Message, Does.Contain(path));
        Assert.That(exception.Message, Does.Contain("error at $.profiles: the setting has no profiles"));
    }

    [Test]
    public void Load_WarningsOnly_IsValid()
    {
        var setting = TestSettings.With(TestSettings.Weekly("r", "UTC", [DayOfWeek.Monday], [0], [0]), TestSettings.Default());
        var path = WriteFile(AutoscaleSettingJson.Write(setting));

        var result = AutoscaleSettingLoader.Load(path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Problems.Single().Severity, Is.EqualTo(SettingProblemSeverity.Warning));
    }
}
