package vn.sskdt.profiles;

import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;

/**
 * Where a resident lives according to their record (profile vn-patient): the first address that is
 * neither old nor temporary and carries our province or commune extension. Access rules (which
 * station may see whom) and indicators (which commune counts whom) both read it here.
 */
public record ResidentAddress(String province, String commune, Address address) {

	public static final String PROVINCE_EXTENSION = "https://sskdt.vn/fhir/StructureDefinition/vn-province";
	public static final String COMMUNE_EXTENSION = "https://sskdt.vn/fhir/StructureDefinition/vn-commune";

	/** The home address, if the record has a coded one. */
	public static Optional<ResidentAddress> of(Patient patient) {
		for (Address address : patient.getAddress()) {
			if (address.getUse() == Address.AddressUse.OLD || address.getUse() == Address.AddressUse.TEMP) {
				continue;
			}
			String province = code(address, PROVINCE_EXTENSION);
			String commune = code(address, COMMUNE_EXTENSION);
			if (!province.isEmpty() || !commune.isEmpty()) {
				return Optional.of(new ResidentAddress(province, commune, address));
			}
		}
		return Optional.empty();
	}

	/** The commune code of the home address, or "" when the record has none. */
	public static String communeOf(Patient patient) {
		return of(patient).map(ResidentAddress::commune).orElse("");
	}

	private static String code(Address address, String url) {
		Extension extension = address.getExtensionByUrl(url);
		if (extension != null && extension.getValue() instanceof Coding coding && coding.hasCode()) {
			return coding.getCode();
		}
		return "";
	}
}
