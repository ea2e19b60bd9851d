using ScaleSets.Model;

namespace ScaleSets.Schedules;

/// <summary>The profile that applies at one instant, why, and how long the answer holds.</summary>
/// <param name="Index">The profile's position in <see cref="AutoscaleSetting.Profiles"/>.</param>
/// <param name="Profile">The profile.</param>
/// <param name="Activation">Why it applies.</param>
/// <param name="Since">
/// When it became active: the fixed-date start, or the recurrence start instant; <see langword="null"/> for the default profile.
/// </param>
/// <param name="NextChange">
/// The earliest instant after the query at which the answer could change, or <see langword="null"/> when it never changes;
/// the answer may be cached until then.
/// </param>
internal readonly record struct ActiveProfile(
    int Index,
    AutoscaleProfile Profile,
    ProfileActivation Activation,
    DateTimeOffset? Since,
    DateTimeOffset? NextChange);
