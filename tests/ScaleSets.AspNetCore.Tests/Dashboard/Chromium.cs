using System.Diagnostics;

namespace ScaleSets.AspNetCore.Tests.Dashboard;

/// <summary>Debian's headless Chromium, started as a child process for one page and stopped by its pid.</summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    /// <summary>Fails the test, saying how to install it, when Chromium is missing.</summary>
    public static string Require()
    {
        var path = Candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Fail("Chromium is not installed: apt-get install chromium (tests/run.sh installs it)");
        }

        return path!;
    }

    /// <summary>Loads <paramref name="url"/> and returns the DOM after it rendered.</summary>
    public static async Task<string> DumpDomAsync(Uri url)
    {
        var (output, _) = await RunAsync(["--dump-dom", url.ToString()]);
        return output;
    }

    /// <summary>Loads <paramref name="url"/> and writes a PNG screenshot of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static async Task ScreenshotAsync(Uri url, string file, int width, int height)
    {
        var (_, error) = await RunAsync([$"--screenshot={file}", $"--window-size={width},{height}", "--hide-scrollbars", url.ToString()]);
        Assert.That(File.Exists(file), Is.True, $"chromium wrote no screenshot: {error}");
    }

    private static async Task<(string Output, string Error)> RunAsync(IEnumerable<string> arguments)
    {
        var path = Require();
        var profile = Directory.CreateTempSubdirectory("scalesets-chromium-");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.FullName}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium (pid {process.Id}) did not finish within 90 s");
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helpers may still hold a file for a moment; the temp directory is left behind.
            }
        }

        return (await output, await error);
    }
}
