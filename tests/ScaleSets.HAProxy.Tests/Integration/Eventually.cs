namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>Polls a condition against real time (HAProxy's own health checks run on it), always with a deadline.</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (!await condition())
        {
            if (time.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"{what}: not reached within {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), time);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);
}
