using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.Client.Api.Problems;

/// <summary>Factories for the problem responses endpoints return directly.</summary>
public static class Problems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "The request has invalid fields.", type: ProblemTypes.Validation, title: "Invalid request");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult MalformedJson(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", type: ProblemTypes.MalformedJson);

    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem("Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: ProblemTypes.UnsupportedMediaType);

    public static ProblemHttpResult PayloadTooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", type: ProblemTypes.PayloadTooLarge);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);
}
