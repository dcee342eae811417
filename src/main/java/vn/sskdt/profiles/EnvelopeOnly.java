package vn.sskdt.profiles;

import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.constants.ContainedReferenceValidationPolicy;
import org.hl7.fhir.validation.instance.utils.ValidationContext;

/**
 * HAPI's policy for the core validator, except that a validation whose application context is
 * {@link #MARK} leaves the resources of a Bundle's entries alone: it checks the Bundle itself (type,
 * fullUrls and their agreement with the entries' ids, requests, the Bundle's own rules) while the
 * entries' resources are validated apart ({@link ProfileValidators#validateTransaction}). Any other
 * validation is HAPI's.
 */
final class EnvelopeOnly extends FhirDefaultPolicyAdvisor {

	/** Application context of a validation of the envelope only. */
	static final Object MARK = new Object() {
		@Override
		public String toString() {
			return "a transaction's envelope, its entries' resources validated apart";
		}
	};

	@Override
	public ContainedReferenceValidationPolicy policyForContained(IResourceValidator validator, Object appContext,
			StructureDefinition structure, ElementDefinition element, String containerType, String containerId,
			Element.SpecialElement containingResourceType, String path, String url) {
		// org.hl7.fhir.validation 6.7.9 hands this method its ValidationContext, which holds the application context
		Object app = appContext instanceof ValidationContext context ? context.getAppContext() : appContext;
		if (app == MARK && containingResourceType == Element.SpecialElement.BUNDLE_ENTRY) {
			return ContainedReferenceValidationPolicy.IGNORE;
		}
		return super.policyForContained(validator, appContext, structure, element, containerType, containerId,
				containingResourceType, path, url);
	}
}
