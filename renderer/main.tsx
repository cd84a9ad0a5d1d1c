// Entry point: find the bridge, start the app store, render. A page without a bridge says so instead of
// showing an empty shell.
import { createRoot } from 'react-dom/client';
// The theme, globals and shared controls first: every component's own styles come after them.
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import { App } from './components/app';
import { resolveBridge } from './bridge/resolve-bridge';
import { AppStore } from './state/app-store';
import { errorMessage } from '../shared/user-error';

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) return;
  const root = createRoot(container);
  try {
    const api = await resolveBridge();
    const store = new AppStore(api);
    root.render(<App store={store} />);
    await store.start();
  } catch (e) {
    root.render(
      <div className="fatal" role="alert">
        <h1>sio-inspector cannot start</h1>
        <p>{errorMessage(e)}</p>
      </div>,
    );
  }
}

void boot();
