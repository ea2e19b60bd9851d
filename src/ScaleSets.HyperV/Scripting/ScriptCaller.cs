using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Scripting;

/// <summary>
/// Runs scripts through the runner: the request as Base64 UTF-8 JSON on standard input (so no value is ever parsed as
/// PowerShell, whatever host or quoting rules apply, and no command-line limit applies), at most
/// <c>HyperVProviderOptions.MaxRequestBytes</c> of it per run, at most <c>HyperVProviderOptions.MaxConcurrentScripts</c> at once,
/// each killed after <c>HyperVProviderOptions.ScriptTimeout</c> on the injected clock.
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

    public ScriptCaller(IPowerShellRunner runner, ScriptLibrary library, TimeProvider time, TimeSpan timeout, int maxConcurrent, int maxRequestBytes)
    {
        MaxRequestBytes = maxRequestBytes;
        _runner = runner;
        _library = library;
        _time = time;
        _timeout = timeout;
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
    }

    /// <summary>Gets the most bytes of encoded request one run carries.</summary>
    public int MaxRequestBytes { get; }

    public static string Encode(JsonObject request) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(request.ToJsonString()));

    /// <summary>The size of a JSON node's share of a request once encoded (Base64 of its UTF-8).</summary>
    public static long EncodedSize(JsonNode node) => EncodedSize(Encoding.UTF8.GetByteCount(node.ToJsonString()));

    public static long EncodedSize(long jsonBytes) => (jsonBytes + 2) / 3 * 4;

    /// <summary>The failure of a request larger than one run carries.</summary>
    public ScriptFailure TooLarge(string scriptName, long size, string what) => new(
        new ScriptError(
            string.Create(CultureInfo.InvariantCulture, $"The request {what} is {size} bytes once encoded, more than one run of {scriptName} carries (HyperVProviderOptions.MaxRequestBytes = {MaxRequestBytes}); make the model's tags or names smaller, or raise the limit."),
            "RequestTooLarge",
            "LimitsExceeded"),
        false,
        -1);

    public async Task<ScriptCallResult> CallAsync(string scriptName, JsonObject request, CancellationToken ct)
    {
        var script = _library[scriptName];
        var argument = Encode(request);
        if (argument.Length > MaxRequestBytes)
        {
            return new ScriptCallResult(null, TooLarge(scriptName, argument.Length, "of this call"));
        }

        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            PowerShellResult result;
            try
            {
                result = await _runner.RunWithInputAsync(script, [], argument, linked.Token).ConfigureAwait(false);
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
