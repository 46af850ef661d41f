package dev.bulwark.core.device;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tags of an Android KeyMint/Keymaster AuthorizationList (the KeyDescription schema of Android's key attestation
 * documentation), with the ASN.1 shape of each value. The names are the schema's field names.
 */
public enum AuthorizationTag {
    PURPOSES(1, Shape.INTEGER_SET), ALGORITHMS(2, Shape.INTEGER), KEY_SIZE(3, Shape.INTEGER),
    BLOCK_MODES(4, Shape.INTEGER_SET), DIGESTS(5, Shape.INTEGER_SET), PADDINGS(6, Shape.INTEGER_SET),
    CALLER_NONCE(7, Shape.FLAG), MIN_MAC_LENGTH(8, Shape.INTEGER), EC_CURVE(10, Shape.INTEGER),
    RSA_PUBLIC_EXPONENT(200, Shape.INTEGER), RSA_OAEP_MGF_DIGESTS(203, Shape.INTEGER_SET),
    ROLLBACK_RESISTANCE(303, Shape.FLAG), EARLY_BOOT_ONLY(305, Shape.FLAG),
    ACTIVE_DATE_TIME(400, Shape.INTEGER), ORIGINATION_EXPIRE_DATE_TIME(401, Shape.INTEGER),
    USAGE_EXPIRE_DATE_TIME(402, Shape.INTEGER), USAGE_COUNT_LIMIT(405, Shape.INTEGER),
    NO_AUTH_REQUIRED(503, Shape.FLAG), USER_AUTH_TYPE(504, Shape.INTEGER), AUTH_TIMEOUT(505, Shape.INTEGER),
    ALLOW_WHILE_ON_BODY(506, Shape.FLAG), TRUSTED_USER_PRESENCE_REQUIRED(507, Shape.FLAG),
    TRUSTED_CONFIRMATION_REQUIRED(508, Shape.FLAG), UNLOCKED_DEVICE_REQUIRED(509, Shape.FLAG),
    ALL_APPLICATIONS(600, Shape.FLAG), APPLICATION_ID(601, Shape.BYTES),
    CREATION_DATE_TIME(701, Shape.INTEGER), ORIGIN(702, Shape.INTEGER),
    /** Keymaster 2's name for rollback resistance. */
    ROLLBACK_RESISTANT(703, Shape.FLAG),
    ROOT_OF_TRUST(704, Shape.ROOT_OF_TRUST), OS_VERSION(705, Shape.INTEGER), OS_PATCH_LEVEL(706, Shape.INTEGER),
    ATTESTATION_APPLICATION_ID(709, Shape.APPLICATION_ID),
    ATTESTATION_ID_BRAND(710, Shape.BYTES), ATTESTATION_ID_DEVICE(711, Shape.BYTES),
    ATTESTATION_ID_PRODUCT(712, Shape.BYTES), ATTESTATION_ID_SERIAL(713, Shape.BYTES),
    ATTESTATION_ID_IMEI(714, Shape.BYTES), ATTESTATION_ID_MEID(715, Shape.BYTES),
    ATTESTATION_ID_MANUFACTURER(716, Shape.BYTES), ATTESTATION_ID_MODEL(717, Shape.BYTES),
    VENDOR_PATCH_LEVEL(718, Shape.INTEGER), BOOT_PATCH_LEVEL(719, Shape.INTEGER),
    DEVICE_UNIQUE_ATTESTATION(720, Shape.FLAG), ATTESTATION_ID_SECOND_IMEI(723, Shape.BYTES),
    MODULE_HASH(724, Shape.BYTES);

    /** How a tag's value is encoded inside its explicit context tag. */
    public enum Shape { INTEGER, INTEGER_SET, FLAG, BYTES, ROOT_OF_TRUST, APPLICATION_ID }

    private final int number;
    private final Shape shape;

    AuthorizationTag(int number, Shape shape) {
        this.number = number;
        this.shape = shape;
    }

    public int number() {
        return number;
    }

    public Shape shape() {
        return shape;
    }

    /** Unknown tags are skipped, so that a newer KeyMint's additions do not break verification. */
    static Optional<AuthorizationTag> of(int number) {
        return Arrays.stream(values()).filter(tag -> tag.number == number).findFirst();
    }
}
