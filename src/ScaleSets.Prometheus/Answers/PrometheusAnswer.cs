namespace ScaleSets.Prometheus.Answers;

/// <summary>The answer of <c>/api/v1/query</c>: a success with its result, or Prometheus' error.</summary>
/// <param name="Success">Whether <c>status</c> was <c>success</c>.</param>
/// <param name="ErrorType">Prometheus' <c>errorType</c> (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>…) when it failed.</param>
/// <param name="Error">Prometheus' <c>error</c> message when it failed.</param>
/// <param name="ResultType">The <c>resultType</c> (<c>vector</c>, <c>scalar</c>…) when it succeeded.</param>
/// <param name="Series">The series (one, without labels, for a scalar).</param>
/// <param name="Warnings">Prometheus' <c>warnings</c>.</param>
internal sealed record PrometheusAnswer(
    bool Success,
    string? ErrorType,
    string? Error,
    string? ResultType,
    IReadOnlyList<PrometheusSeries> Series,
    IReadOnlyList<string> Warnings);
