package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Accepts Vietnamese ({@code vi}, {@code vi-VN}) where R4 binds a language to its "languages" value
 * set. That value set lists about fifty common languages, not Vietnamese, and HAPI's validator
 * enforces it as if it were a full list: without this, a record written in Vietnamese by a
 * Vietnamese app would be refused. Every other code is left to the rest of the chain.
 */
final class VietnameseLanguage implements IValidationSupport {

	static final String LANGUAGES = "http://hl7.org/fhir/ValueSet/languages";
	private static final String BCP_47 = "urn:ietf:bcp:47";
	private static final Set<String> VIETNAMESE = Set.of("vi", "vi-VN");

	private final FhirContext fhirContext;

	VietnameseLanguage(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Override
	public FhirContext getFhirContext() {
		return fhirContext;
	}

	@Override
	public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
		return LANGUAGES.equals(valueSetUrl);
	}

	@Override
	public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
			String system, String code, String display, String valueSetUrl) {
		return LANGUAGES.equals(valueSetUrl) ? vietnamese(system, code) : null;
	}

	@Override
	public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context, ConceptValidationOptions options,
			String system, String code, String display, IBaseResource valueSet) {
		return vietnamese(system, code);
	}

	private static CodeValidationResult vietnamese(String system, String code) {
		if (!VIETNAMESE.contains(code) || (system != null && !BCP_47.equals(system))) {
			return null;
		}
		return new CodeValidationResult().setCode(code).setCodeSystemName(BCP_47).setDisplay("Tiếng Việt");
	}
}
