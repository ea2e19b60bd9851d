using System.Net;
using System.Net.Sockets;
using ScaleSets.Abstractions;

namespace ScaleSets.HyperV;

/// <summary>Maps Hyper-V's VM state, heartbeat and addresses to the contract's state, health and address.</summary>
internal static class VmStateMapper
{
    public static (InstanceState State, InstanceHealth Health) Map(string? state, string? heartbeat)
    {
        state ??= string.Empty;
        heartbeat ??= string.Empty;
        if (state.Contains("Critical", StringComparison.OrdinalIgnoreCase))
        {
            // RunningCritical, OffCritical…: the VM's storage is unreachable.
            return (InstanceState.Failed, InstanceHealth.Unhealthy);
        }

        switch (state)
        {
            case "Running":
                if (heartbeat.Contains("Critical", StringComparison.OrdinalIgnoreCase)
                    || heartbeat is "LostCommunication" or "Error")
                {
                    return (InstanceState.Running, InstanceHealth.Unhealthy);
                }

                return heartbeat.StartsWith("Ok", StringComparison.OrdinalIgnoreCase)
                    ? (InstanceState.Running, InstanceHealth.Healthy)
                    : (InstanceState.Starting, InstanceHealth.Unknown);
            case "Starting" or "Resuming" or "Reset":
                return (InstanceState.Starting, InstanceHealth.Unknown);
            case "Off" or "Stopping" or "Saved" or "Saving" or "Paused" or "Pausing":
                return (InstanceState.Stopped, InstanceHealth.Unknown);
            default:
                return (InstanceState.Failed, InstanceHealth.Unknown);
        }
    }

    /// <summary>Picks the address to reach the VM at: the first IPv4 address, else the first IPv6 address that is not link-local.</summary>
    public static string? PickAddress(IReadOnlyList<string> addresses)
    {
        string? fallback = null;
        foreach (var text in addresses)
        {
            if (!IPAddress.TryParse(text, out var address))
            {
                continue;
            }

            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                return text;
            }

            if (fallback is null && !address.IsIPv6LinkLocal)
            {
                fallback = text;
            }
        }

        return fallback;
    }
}
