import { useI18n } from 'vue-i18n';
import { useMachineOptionsStore, type Mode } from '@/stores/machine-options';

/** Why a mode cannot run the machine as set, in the page's language (by the backend's code), or null. */
export function useModeReason(): (mode: Mode) => string | null {
  const { t, te } = useI18n();
  const options = useMachineOptionsStore();
  return (mode) => {
    const why = options.unavailable(mode);
    if (!why) return null;
    const key = `machine.reason.${why.code}`;
    return te(key) ? t(key) : why.text;
  };
}
