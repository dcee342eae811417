package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Accepts our indicator rule language ({@code text/x-sskdt-facts}, see indicators/FactRule) as the
 * language of a Measure's criteria. R4 binds {@code Expression.language} extensibly to CQL, FHIRPath
 * and FHIR query, but it is a plain {@code code}, so the validator cannot tell an extension from a typo
 * and refuses it: without this, a new version of an indicator could not be stored through the API.
 */
final class IndicatorRuleLanguage implements IValidationSupport {

	static final String EXPRESSION_LANGUAGES = "http://hl7.org/fhir/ValueSet/expression-language";
	static final String EXPRESSION_LANGUAGE_SYSTEM = "http://hl7.org/fhir/expression-language";
	static final String LANGUAGE = "text/x-sskdt-facts";

	private final FhirContext fhirContext;

	IndicatorRuleLanguage(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Override
	public FhirContext getFhirContext() {
		return fhirContext;
	}

	@Override
	public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
		return EXPRESSION_LANGUAGES.equals(unversioned(valueSetUrl));
	}

	/** The validator also checks the code against the code system it infers for a plain code. */
	@Override
	public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
		return EXPRESSION_LANGUAGE_SYSTEM.equals(unversioned(system));
	}

	@Override
	public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
			String system, String code, String display, String valueSetUrl) {
		boolean languages = EXPRESSION_LANGUAGES.equals(unversioned(valueSetUrl))
				|| (valueSetUrl == null && EXPRESSION_LANGUAGE_SYSTEM.equals(unversioned(system)));
		return languages ? ours(code) : null;
	}

	private static String unversioned(String url) {
		return url == null ? null : url.split("\\|")[0];
	}

	@Override
	public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context, ConceptValidationOptions options,
			String system, String code, String display, IBaseResource valueSet) {
		return ours(code);
	}

	private static CodeValidationResult ours(String code) {
		return LANGUAGE.equals(code)
				? new CodeValidationResult().setCode(code).setCodeSystemName(EXPRESSION_LANGUAGE_SYSTEM).setDisplay("SSKĐT indicator fact rule")
				: null;
	}
}
