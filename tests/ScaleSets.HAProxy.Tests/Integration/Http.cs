namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>Real HTTP requests through HAProxy's frontend.</summary>
internal static class Http
{
    public static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>Sends a GET and returns the status code and body; a connection failure is status 0.</summary>
    public static async Task<(int Status, string Body)> GetAsync(Uri uri)
    {
        try
        {
            using var response = await Client.GetAsync(uri);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
    }

    /// <summary>Sends requests one after another and returns the bodies of the answers.</summary>
    public static async Task<List<(int Status, string Body)>> GetManyAsync(Uri uri, int count)
    {
        var results = new List<(int, string)>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(await GetAsync(uri));
        }

        return results;
    }
}
