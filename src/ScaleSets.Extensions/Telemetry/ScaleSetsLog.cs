using Microsoft.Extensions.Logging;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Policy;

namespace ScaleSets.Telemetry;

/// <summary>The source-generated log messages of the hosted scale sets.</summary>
internal static partial class ScaleSetsLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Scale set {ScaleSet} scales {Direction} from {From} to {To}: rule {Rule} {Metric} = {Observed} {Comparison} {Threshold}, decision {DecisionId}")]
    public static partial void RuleScaleAction(ILogger logger, string scaleSet, ScaleDecisionDirection direction, int from, int to, string rule, string metric, double observed, string comparison, double threshold, string decisionId);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Scale set {ScaleSet} scales {Direction} from {From} to {To} ({Reason}): {Explanation}, decision {DecisionId}")]
    public static partial void ExplainedScaleAction(ILogger logger, string scaleSet, ScaleDecisionDirection direction, int from, int to, ScaleReason reason, string explanation, string decisionId);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Scale set {ScaleSet} wanted {Wanted} instances but stays at {From}: {Blocked} refused it ({Explanation}), decision {DecisionId}")]
    public static partial void ScaleRefused(ILogger logger, string scaleSet, int wanted, int from, ScaleBlockReason blocked, string explanation, string decisionId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Scale set {ScaleSet} wanted {Wanted} instances but stays at {From}: {Blocked}, decision {DecisionId}")]
    public static partial void ScaleBlocked(ILogger logger, string scaleSet, int wanted, int from, ScaleBlockReason blocked, string decisionId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Scale set {ScaleSet} engine event {Kind}: {Detail}")]
    public static partial void EngineProblem(ILogger logger, Exception? exception, string scaleSet, AutoscaleEngineEventKind kind, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Scale set {ScaleSet} engine event {Kind}: {Detail}")]
    public static partial void EngineInfo(ILogger logger, string scaleSet, AutoscaleEngineEventKind kind, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Scale set {ScaleSet} {Kind} {InstanceId} (cause {CauseId}): {Detail}")]
    public static partial void ControllerInfo(ILogger logger, string scaleSet, ControllerEventKind kind, string instanceId, string causeId, string detail);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Scale set {ScaleSet} {Kind} {InstanceId} (cause {CauseId}): {Detail}")]
    public static partial void ControllerProblem(ILogger logger, string scaleSet, ControllerEventKind kind, string instanceId, string causeId, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Scale set {ScaleSet}: the changed configuration was rejected and the running setting stays: {Errors}")]
    public static partial void SettingRejected(ILogger logger, string scaleSet, string errors);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Scale set {ScaleSet} started with {Capacity} instances, setting {Setting}")]
    public static partial void ScaleSetStarted(ILogger logger, string scaleSet, int capacity, string setting);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Scale set {ScaleSet} stopped")]
    public static partial void ScaleSetStopped(ILogger logger, string scaleSet);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Scale set {ScaleSet} setting warning at {Path}: {Detail}")]
    public static partial void SettingWarning(ILogger logger, string scaleSet, string path, string detail);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The changed engine options were rejected and the running ones stay: {Errors}")]
    public static partial void EngineOptionsRejected(ILogger logger, string errors);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Engine option {Option} changed in configuration; it takes effect when the host restarts")]
    public static partial void EngineOptionNeedsRestart(ILogger logger, string option);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Engine evaluation interval changed from {From} to {To}; the next evaluation falls on the new interval")]
    public static partial void EvaluationIntervalChanged(ILogger logger, TimeSpan from, TimeSpan to);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Scale set {ScaleSet}: an application observer failed and autoscaling goes on: {Detail}")]
    public static partial void ObserverFailed(ILogger logger, Exception? exception, string scaleSet, string detail);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Notification of {ScaleSet} ({From} -> {To}) delivered to {Target} at attempt {Attempt}")]
    public static partial void NotificationDelivered(ILogger logger, string scaleSet, int from, int to, string target, int attempt);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Notification of {ScaleSet} to {Target}: {Detail}")]
    public static partial void NotificationRetrying(ILogger logger, Exception? exception, string scaleSet, string target, ScaleSets.Notifications.NotificationEvent detail);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Notification of {ScaleSet} ({From} -> {To}) to {Target} failed: {Detail}")]
    public static partial void NotificationFailed(ILogger logger, Exception? exception, string scaleSet, int from, int to, string target, ScaleSets.Notifications.NotificationEvent detail);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "{Detail}")]
    public static partial void NotificationDropped(ILogger logger, ScaleSets.Notifications.NotificationEvent detail);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Scale set {ScaleSet}: saving its autoscaler state on stop failed ({Detail}); the next start resumes from the last state saved before")]
    public static partial void StateSaveOnStopFailed(ILogger logger, string scaleSet, string detail);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Scale set {ScaleSet} setting names e-mail recipients at $.notifications[{Index}].email, but no INotificationSink is registered: no e-mail is sent (add one with AddNotificationSink)")]
    public static partial void NoEmailSink(ILogger logger, string scaleSet, int index);
}
