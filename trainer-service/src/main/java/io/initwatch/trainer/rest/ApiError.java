package io.initwatch.trainer.rest;

/** The body of every error answer: {@code {"error": "what is wrong"}}. */
public record ApiError(String error) {
}
