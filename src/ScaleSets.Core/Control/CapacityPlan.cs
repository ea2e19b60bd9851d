using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>What the <see cref="CapacityPlanner"/> decided for one pass.</summary>
internal sealed class CapacityPlan
{
    /// <summary>Gets the removals and events, in order.</summary>
    public ControllerPlan Steps { get; } = new();

    /// <summary>Gets the zone of each instance to create, in order.</summary>
    public List<string> CreateZones { get; } = [];

    /// <summary>Gets or sets the cause the creates carry.</summary>
    public string? CreateCause { get; set; }

    /// <summary>Gets or sets a value indicating whether placement was blocked for some of the instances wanted.</summary>
    public bool PlacementBlocked { get; set; }

    /// <summary>Gets or sets the desired capacity adopted because none was set (the count found), or <see langword="null"/>.</summary>
    public int? AdoptedDesired { get; set; }

    /// <summary>Gets the create requests of the plan, one per zone, under the given names.</summary>
    public List<(InstanceCreateRequest Request, string? Cause)> CreateRequests(string[] names, string scaleSetName, ScaleSetModel model)
    {
        var creates = new List<(InstanceCreateRequest Request, string? Cause)>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            creates.Add((new InstanceCreateRequest(scaleSetName, names[i], scaleSetName + "/" + names[i], CreateZones[i], model), CreateCause));
        }

        return creates;
    }
}
