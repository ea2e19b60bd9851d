using System.Security.Cryptography;
using System.Text;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Scripting;

/// <summary>The scripts embedded in the assembly, extracted to a folder on first use (a folder per content hash, so versions never mix).</summary>
internal sealed class ScriptLibrary
{
    public const string Get = "Get-ScaleSetVM.ps1";
    public const string New = "New-ScaleSetVM.ps1";
    public const string Remove = "Remove-ScaleSetVM.ps1";
    public const string Power = "Set-ScaleSetVMPower.ps1";
    public const string Reset = "Reset-ScaleSetVM.ps1";
    public const string Metrics = "Get-ScaleSetVMMetrics.ps1";

    private static readonly string[] Names = [Get, New, Remove, Power, Reset, Metrics];
    private readonly Lock _gate = new();
    private readonly string? _directory;
    private Dictionary<string, PowerShellScript>? _scripts;

    public ScriptLibrary(string? directory) => _directory = directory;

    public PowerShellScript this[string name]
    {
        get
        {
            lock (_gate)
            {
                _scripts ??= Extract();
                return _scripts[name];
            }
        }
    }

    /// <summary>The preamble every script shares; a script names it on an <c>#include</c> line.</summary>
    public const string Common = "ScaleSetCommon.ps1";

    private const string IncludeLine = "#include " + Common;

    /// <summary>
    /// Reads a script's text from the assembly, with its <c>#include ScaleSetCommon.ps1</c> line replaced by the shared
    /// preamble, so the script that runs is complete and standalone.
    /// </summary>
    public static string ReadText(string name)
    {
        var text = ReadResource(name);
        var at = text.IndexOf(IncludeLine, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), ReadResource(Common), text.AsSpan(at + IncludeLine.Length).TrimStart('\n'));
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(ScriptLibrary).Assembly.GetManifestResourceStream("ScaleSets.HyperV.Scripts." + name)
            ?? throw new InvalidOperationException($"The script {name} is missing from the ScaleSets.HyperV assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private Dictionary<string, PowerShellScript> Extract()
    {
        var texts = Names.ToDictionary(n => n, ReadText, StringComparer.Ordinal);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(texts.Values))))[..16];
        var directory = _directory ?? Path.Combine(Path.GetTempPath(), "ScaleSets.HyperV", hash);
        Directory.CreateDirectory(directory);
        var scripts = new Dictionary<string, PowerShellScript>(StringComparer.Ordinal);
        foreach (var (name, text) in texts)
        {
            var path = Path.Combine(directory, name);
            // UTF-8 with BOM: Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page.
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                var temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
                File.WriteAllBytes(temp, bytes);
                File.Move(temp, path, overwrite: true);
            }

            scripts[name] = new PowerShellScript(name, path, text);
        }

        return scripts;
    }
}
