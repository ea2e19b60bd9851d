using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Scripting;

/// <summary>
/// Runs scripts through the runner: the request as Base64 UTF-8 JSON in one argument (so no value is ever parsed as
/// PowerShell, whatever host or quoting rules apply), at most <see cref="HyperVProviderOptions.MaxConcurrentScripts"/> at once,
/// each killed after <see cref="HyperVProviderOptions.ScriptTimeout"/> on the injected clock.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim needs disposing only once its AvailableWaitHandle is used, which it never is here.
internal sealed class ScriptCaller
#pragma warning restore CA1001
{
    private readonly IPowerShellRunner _runner;
    private readonly ScriptLibrary _library;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _slots;

    public ScriptCaller(IPowerShellRunner runner, ScriptLibrary library, TimeProvider time, TimeSpan timeout, int maxConcurrent)
    {
        _runner = runner;
        _library = library;
        _time = time;
        _timeout = timeout;
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
    }

    public static string Encode(JsonObject request) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(request.ToJsonString()));

    public async Task<ScriptCallResult> CallAsync(string scriptName, JsonObject request, CancellationToken ct)
    {
        var script = _library[scriptName];
        var argument = Encode(request);
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            PowerShellResult result;
            try
            {
                result = await _runner.RunAsync(script, [argument], linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return new ScriptCallResult(null, new ScriptFailure(
                    new ScriptError(string.Create(CultureInfo.InvariantCulture, $"{scriptName} did not finish within {_timeout:c} and was stopped; VMs it was working on may be half-done and show up in the next list."), "ScriptTimeout", "OperationTimeout"),
                    true,
                    -1));
            }
            catch (ProviderOperationException ex)
            {
                return new ScriptCallResult(null, new ScriptFailure(new ScriptError(ex.Message, "PowerShellUnavailable", "NotInstalled"), false, -1));
            }

            return ScriptOutputParser.Parse(scriptName, result);
        }
        finally
        {
            _slots.Release();
        }
    }
}
