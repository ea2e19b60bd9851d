namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>Polls a condition against real time (Prometheus scrapes and evaluates on it), always with a deadline.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (time.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"{what}: not reached within {timeout.TotalSeconds:0.#} s; last: {value}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }
    }
}
