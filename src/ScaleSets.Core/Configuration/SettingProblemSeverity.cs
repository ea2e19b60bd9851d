namespace ScaleSets.Configuration;

/// <summary>How serious a problem in an autoscale setting is.</summary>
public enum SettingProblemSeverity
{
    /// <summary>The setting cannot be used as written.</summary>
    Error,

    /// <summary>The setting can be used, but probably does not do what its author meant.</summary>
    Warning,
}
