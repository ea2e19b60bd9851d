using ScaleSets.Policy;

namespace ScaleSets.Engine;

/// <summary>
/// The decisions of one scale set, filtered from the engine's stream without an Rx operator: Rx wraps an operator's
/// subscriber so that one exception ends the subscription, where the engine's streams keep an observer that threw
/// subscribed (and report it). A binding or a user's logger that fails once goes on receiving decisions.
/// </summary>
internal sealed class ScaleSetDecisionStream(IObservable<ScaleDecision> all, string scaleSet) : IObservable<ScaleDecision>
{
    public IDisposable Subscribe(IObserver<ScaleDecision> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return all.Subscribe(new Filter(observer, scaleSet));
    }

    private sealed class Filter(IObserver<ScaleDecision> inner, string scaleSet) : IObserver<ScaleDecision>
    {
        public void OnNext(ScaleDecision value)
        {
            if (string.Equals(value.ScaleSet, scaleSet, StringComparison.Ordinal))
            {
                inner.OnNext(value);
            }
        }

        public void OnError(Exception error) => inner.OnError(error);

        public void OnCompleted() => inner.OnCompleted();
    }
}
