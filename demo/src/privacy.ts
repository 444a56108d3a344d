// The privacy page's only script: its styles (the CSP allows no inline style or script).
import './styles.css';
