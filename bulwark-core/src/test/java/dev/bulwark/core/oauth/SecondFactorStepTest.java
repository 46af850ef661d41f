package dev.bulwark.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.mfa.FactorKind;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecondFactorStepTest {
    private static SecondFactorChoice.Options offering(FactorKind... kinds) {
        return new SecondFactorChoice.Options(Set.of(kinds), Set.of(), Set.of(kinds), true, true, false);
    }

    @Test
    void whenTheAppAcceptsOnlyAnAuthenticatorAndRecoveryCodesThenNothingElseIsOffered() {
        assertThat(SecondFactorStep.howToAnswer(offering(FactorKind.TOTP, FactorKind.RECOVERY_CODE)))
                .isEqualTo("A second factor is required: send otp or recovery_code.");
    }

    @Test
    void whenCodesCanBeSentThenTheAnswerSaysHowToAskForThem() {
        assertThat(SecondFactorStep.howToAnswer(offering(FactorKind.TOTP, FactorKind.EMAIL_CODE,
                FactorKind.SMS_CODE, FactorKind.DEVICE_KEY)))
                .isEqualTo("A second factor is required: send otp or device_key_id, or ask for a code with "
                        + "send=email_code or send=sms_code and send it back.");
        assertThat(SecondFactorStep.howToAnswer(offering(FactorKind.EMAIL_CODE)))
                .isEqualTo("A second factor is required: ask for a code with send=email_code and send it back.");
    }
}
