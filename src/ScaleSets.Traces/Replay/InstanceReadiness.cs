namespace ScaleSets.Replay;

/// <summary>
/// A change of an instance's readiness during a replay, from the metrics CSV's optional <c>ready</c> column: from
/// <see cref="Timestamp"/> on the instance is (not) ready. A not-ready instance's samples are not counted, and
/// target tracking treats it as Kubernetes HPA treats a pod that is not ready (0% when scaling out).
/// </summary>
/// <param name="Timestamp">When the readiness changed.</param>
/// <param name="Instance">The instance.</param>
/// <param name="Ready">Whether it is ready from then on.</param>
public readonly record struct InstanceReadiness(DateTimeOffset Timestamp, string Instance, bool Ready);
