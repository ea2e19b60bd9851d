using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Tests.Control;

internal sealed class RecordingHook(bool approve) : IInstanceLifecycleHook
{
    public List<string> Created { get; } = [];

    public List<(string Id, DateTimeOffset NotBefore)> Terminating { get; } = [];

    public Task OnCreatedAsync(InstanceInfo instance, CancellationToken cancellationToken)
    {
        Created.Add(instance.Id);
        return Task.CompletedTask;
    }

    public Task<bool> OnTerminatingAsync(InstanceInfo instance, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        Terminating.Add((instance.Id, notBefore));
        return Task.FromResult(approve);
    }
}
