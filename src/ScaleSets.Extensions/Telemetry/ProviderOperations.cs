namespace ScaleSets.Telemetry;

/// <summary>The values of <see cref="ScaleSetsInstruments.OperationTag"/>: one per provider method, a fixed low-cardinality set.</summary>
internal static class ProviderOperations
{
    public const string Create = "create";
    public const string List = "list";
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
    public const string Reimage = "reimage";
    public const string Delete = "delete";
    public const string Register = "register";
    public const string Ready = "ready";
    public const string Drain = "drain";
    public const string Remove = "remove";
    public const string ListMembers = "list_members";
}
