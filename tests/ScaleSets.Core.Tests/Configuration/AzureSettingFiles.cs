namespace ScaleSets.Tests.Configuration;

/// <summary>
/// Finds the real Azure autoscale documents in <c>shared/azure-settings</c> next to the repository (or next to a folder
/// above it, as for a worktree); fails the test with a clear message when they are missing. They are read from there,
/// never copied into the repository.
/// </summary>
internal static class AzureSettingFiles
{
    /// <summary>The fifteen documents and, where the template has one, its parameters file.</summary>
    public static readonly string[] Names =
    [
        "azcli-rec-predictive-enabled.json",
        "azcli-rec-predictive-forecastonly.json",
        "azcli-rec-recurring-5profiles.json",
        "azcli-rec-rule-with-dimensions.json",
        "azcli-rec-rules-fixeddate.json",
        "docs-multiprofile-recurring.json",
        "docs-predictive-arm.json",
        "docs-understanding-settings.json",
        "qs-demo-vmss-simplemetric.json",
        "qs-demo-webappserviceplan-simplemetric.json",
        "qs-vmss-ubuntu-autoscale.json",
        "qs-vmss-windows-autoscale.json",
        "restapi-2022-10-01-get.json",
        "restapi-2022-10-01-patch-response.json",
        "restapi-2022-10-01-put-request.json",
    ];

    public static string Directory
    {
        get
        {
            var start = new DirectoryInfo(AppContext.BaseDirectory);
            var root = start;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ScaleSets.Core.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                Assert.Fail($"ScaleSets.Core.sln not found above {start.FullName}; cannot locate ../shared/azure-settings");
            }

            for (var above = root!.Parent; above is not null; above = above.Parent)
            {
                var candidate = Path.Combine(above.FullName, "shared", "azure-settings");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail($"the real Azure settings are missing: expected shared/azure-settings next to {root.FullName} or a folder above it (they live in ../shared/azure-settings beside the repository)");
            return "";
        }
    }

    public static string PathOf(string name)
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            Assert.Fail($"the real Azure setting {name} is missing: expected at {path}");
        }

        return path;
    }

    /// <summary>Returns the parameters file beside <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? ParametersOf(string name)
    {
        var path = Path.Combine(Directory, Path.GetFileNameWithoutExtension(name) + ".params.json");
        return File.Exists(path) ? path : null;
    }
}
