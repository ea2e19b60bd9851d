using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// The Runtime API over a unix or TCP socket, one connection per command line: nothing to keep alive, and a restarted
/// HAProxy is reached by the next command. Each call is bounded by the command timeout on the injected clock.
/// </summary>
internal sealed class SocketRuntimeApi : IRuntimeApi
{
    private const int MaxAnswerBytes = 64 * 1024 * 1024;
    private readonly RuntimeEndpoint _endpoint;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public SocketRuntimeApi(RuntimeEndpoint endpoint, TimeSpan timeout, TimeProvider time)
    {
        _endpoint = endpoint;
        _timeout = timeout;
        _time = time;
    }

    public async Task<string> SendAsync(string line, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, _endpoint.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(_endpoint.EndPoint, linked.Token).ConfigureAwait(false);
            var request = Encoding.ASCII.GetBytes(line + "\n");
            var sent = 0;
            while (sent < request.Length)
            {
                sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, linked.Token).ConfigureAwait(false);
            }

            using var answer = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (answer.Length + read > MaxAnswerBytes)
                {
                    throw new ProviderOperationException(
                        string.Create(CultureInfo.InvariantCulture, $"HAProxy Runtime API at {_endpoint.Display}: the answer to '{FirstWords(line)}' exceeds {MaxAnswerBytes} bytes."),
                        OperationFailureKind.Permanent);
                }

                answer.Write(buffer, 0, read);
            }

            if (answer.Length == 0)
            {
                // HAProxy answers every command with at least a newline: nothing at all means the connection was closed
                // under the command, as an old process does when it hands over to a new one during a reload.
                throw new ProviderOperationException(
                    $"HAProxy Runtime API at {_endpoint.Display}: the connection was closed without an answer to '{FirstWords(line)}' (HAProxy reloading or stopping?).",
                    OperationFailureKind.Transient);
            }

            return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderOperationException(
                string.Create(CultureInfo.InvariantCulture, $"HAProxy Runtime API at {_endpoint.Display}: no complete answer to '{FirstWords(line)}' within {_timeout.TotalSeconds:0.###} s."),
                OperationFailureKind.Transient);
        }
        catch (SocketException ex) when (_endpoint.AddressFamily == AddressFamily.Unix && !File.Exists(_endpoint.Display))
        {
            // Connecting to a unix socket that is not there reads as 'Cannot assign requested address': say what is missing.
            throw new ProviderOperationException(
                $"HAProxy Runtime API socket {_endpoint.Display} does not exist: is HAProxy running, with 'stats socket {_endpoint.Display} level admin' in its configuration? ('{FirstWords(line)}' failed: {ex.SocketErrorCode})",
                OperationFailureKind.Transient);
        }
        catch (SocketException ex)
        {
            // Refused, reset or a missing unix socket: HAProxy is down or restarting, which a retry may outlast.
            throw new ProviderOperationException(
                $"HAProxy Runtime API at {_endpoint.Display}: '{FirstWords(line)}' failed: {ex.SocketErrorCode} ({ex.Message}).",
                OperationFailureKind.Transient);
        }
    }

    private static string FirstWords(string line)
    {
        var parts = line.Split(' ', 4);
        return string.Join(' ', parts.Take(3));
    }
}
