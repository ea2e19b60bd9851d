namespace ScaleSets.Tests.Notifications;

/// <summary>One request a <see cref="WebhookListener"/> received.</summary>
internal sealed record ReceivedRequest(string Method, Uri Url, string? ContentType, string Body);
