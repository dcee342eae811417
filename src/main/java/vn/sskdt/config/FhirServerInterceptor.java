package vn.sskdt.config;

/**
 * Marks a Spring bean as a HAPI interceptor of the FHIR endpoint (methods annotated with
 * {@code @Hook}). Features declare one; {@link FhirServerConfig} registers them all, so wiring stays
 * here and the feature keeps its own code.
 */
public interface FhirServerInterceptor {}
