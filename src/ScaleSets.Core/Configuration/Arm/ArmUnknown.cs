namespace ScaleSets.Configuration.Arm;

/// <summary>
/// A value only Azure knows when it deploys the template: the subscription, the resource group, the deployment, a
/// deployed resource's state, a generated name.
/// </summary>
/// <param name="What">The expression it comes from, for example <c>resourceGroup().location</c>.</param>
/// <param name="Placeholder">The text it stands for inside a composed string, for example <c>{resourceGroup().name}</c>.</param>
internal sealed record ArmUnknown(string What, string Placeholder)
{
    /// <summary>Gets what the value depends on, said for a user: a deployment function's value is only known to Azure.</summary>
    public string Reason => What.StartsWith("the ", StringComparison.Ordinal) ? What : What + ", which only Azure knows when it deploys the template";

    public static ArmUnknown Of(string what) => new(what, "{" + what + "}");
}
