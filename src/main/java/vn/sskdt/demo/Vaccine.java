package vn.sskdt.demo;

/**
 * The vaccines of the national schedule (domain.md §4) that the generator gives, by their code in
 * our {@code vn-vaccine} code system; CVX and ATC codes come from the package's ConceptMaps.
 */
enum Vaccine {
	HEPB_BIRTH("hepb-birth", "VGB"),
	BCG("bcg", "BCG"),
	PENTA("penta", "QV"),
	OPV("opv", "OPV"),
	IPV("ipv", "IPV"),
	MEASLES("measles", "SOI"),
	MR("mr", "MR"),
	DPT_BOOSTER("dpt-booster", "DPT"),
	JE("je", "VNNB");

	final String code;
	/** Prefix of the lot numbers. */
	final String lotPrefix;

	Vaccine(String code, String lotPrefix) {
		this.code = code;
		this.lotPrefix = lotPrefix;
	}

	static final Vaccine[] ALL = values();
}
