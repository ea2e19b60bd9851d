namespace ScaleSets.History;

/// <summary>An HTTP answer of the run history endpoint, independent of the web framework that sends it.</summary>
/// <param name="StatusCode">200, 400 (a malformed parameter), 404 (an unknown scale set) or 503 (the database is unavailable).</param>
/// <param name="Body">The JSON body: <c>{"entries":[…],"status":{…}}</c> or <c>{"error":"…"}</c>.</param>
internal readonly record struct RunHistoryHttpResult(int StatusCode, string Body)
{
    public const string ContentType = "application/json; charset=utf-8";
}
